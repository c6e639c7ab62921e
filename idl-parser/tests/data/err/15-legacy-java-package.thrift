# reference: 0.25: syntax error (no longer a token since THRIFT-5626); 0.17: Unsupported declaration 'java_package'. Use 'namespace java' instead.
java_package foo.bar
