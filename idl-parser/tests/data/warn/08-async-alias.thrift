# reference: accepted with warning: "async" is deprecated.  It is called "oneway" now.
service S {
  async void fire()
}
