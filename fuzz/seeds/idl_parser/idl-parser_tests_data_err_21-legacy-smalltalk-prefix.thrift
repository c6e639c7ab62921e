# reference: 0.25: syntax error (no longer a token since THRIFT-5626); 0.17: Unsupported declaration 'smalltalk_prefix'. Use 'namespace st' instead.
smalltalk_prefix foo.bar
