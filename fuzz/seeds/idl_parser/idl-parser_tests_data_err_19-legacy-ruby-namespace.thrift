# reference: 0.25: syntax error (no longer a token since THRIFT-5626); 0.17: Unsupported declaration 'ruby_namespace'. Use 'namespace ruby' instead.
ruby_namespace foo.bar
