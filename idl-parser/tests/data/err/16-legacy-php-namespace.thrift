# reference: 0.25: syntax error (no longer a token since THRIFT-5626); 0.17: Unsupported declaration 'php_namespace'. Use 'namespace php' instead.
php_namespace foo.bar
