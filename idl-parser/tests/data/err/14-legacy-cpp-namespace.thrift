# reference: 0.25: syntax error (no longer a token since THRIFT-5626); 0.17: Unsupported declaration 'cpp_namespace'. Use 'namespace cpp' instead.
cpp_namespace foo.bar
