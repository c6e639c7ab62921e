//! Snapshot of a resolved model as JSON: the contract that code generators
//! and `trift compat` read. The IDL is inline so the snapshot changes only
//! when the model does.

const IDL: &str = r#"/** Shapes and a service that draws them. */
namespace rs shapes.v1
namespace * shapes

/** A point. */
struct Point {
  1: required double x,
  2: optional double y = 0.5 (unit = "px"),
}

enum Color { RED = 1, GREEN, BLUE = 0x10 }

typedef list<Point> Path

const Color DEFAULT_COLOR = Color.GREEN
const map<string, Point> ORIGINS = { "zero": { "x": 0, "y": 0 } }

union Shape {
  1: Path path,
  2: Point & dot,
}

exception DrawError { 1: string message }

service Canvas {
  oneway void clear(),
  /** Draws a shape. */
  i64 draw(1: Shape shape, 2: Color color = Color.BLUE) throws (1: DrawError error) (idempotent)
}

service FancyCanvas extends Canvas {
  set<Color> palette()
}
"#;

#[test]
fn model_json() {
    let compilation = trift_idl::check_source("shapes.thrift", IDL);
    assert!(
        compilation.diagnostics.is_empty(),
        "{:?}",
        compilation.diagnostics
    );
    let model = compilation.model.expect("valid IDL");
    insta::assert_snapshot!(model.to_json());
}
