# reference: 0.25: syntax error (no longer a token since THRIFT-5626); 0.17: Unsupported declaration 'perl_package'. Use 'namespace perl' instead.
perl_package foo.bar
