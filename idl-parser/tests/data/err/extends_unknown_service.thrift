service Child extends Parent {}
