//! The `trift` command-line tool.

fn main() {}
