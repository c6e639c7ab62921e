# reference: accepted with warning: Oneway methods should return void.
service S {
  oneway i32 fire()
}
