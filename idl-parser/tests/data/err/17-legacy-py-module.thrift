# reference: 0.25: syntax error (no longer a token since THRIFT-5626); 0.17: Unsupported declaration 'py_module'. Use 'namespace py' instead.
py_module foo.bar
