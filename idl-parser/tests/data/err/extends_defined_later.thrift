service Child extends Parent {}
service Parent {}
