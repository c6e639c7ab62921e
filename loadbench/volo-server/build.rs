//! Generates the volo-thrift service code from the shared benchmark IDL.

fn main() {
    println!("cargo:rerun-if-changed=../idl/bench.thrift");
    volo_build::Builder::thrift()
        .add_service("../idl/bench.thrift")
        .filename(std::path::PathBuf::from("bench_gen.rs"))
        .write()
        .expect("volo-build failed to generate code from idl/bench.thrift");
}
