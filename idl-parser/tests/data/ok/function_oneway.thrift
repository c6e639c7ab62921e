# reference: accepted
service S {
  oneway void fire(1: string what)
}
