# reference: accepted
service S {
  async void fire(1: string what)
}
