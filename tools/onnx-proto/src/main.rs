//! Generates the Rust types of the official ONNX protobuf schema
//! (`onnx-ml.proto`, copied unchanged from the `onnx` PyPI package) with
//! prost-build, parsing the .proto with protox so no `protoc` binary is
//! needed. Usage: `onnx-proto-gen PROTO_DIR OUT_DIR`; writes `OUT_DIR/onnx.rs`.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(proto_dir), Some(out_dir)) = (args.next(), args.next()) else {
        return Err("usage: onnx-proto-gen PROTO_DIR OUT_DIR".into());
    };
    let proto_dir = PathBuf::from(proto_dir);
    let descriptors = protox::compile([proto_dir.join("onnx-ml.proto")], [&proto_dir])?;
    prost_build::Config::new()
        .out_dir(&out_dir)
        .compile_fds(descriptors)?;
    Ok(())
}
