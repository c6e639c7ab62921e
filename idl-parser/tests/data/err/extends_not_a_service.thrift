struct Parent {}
service Child extends Parent {}
