# reference: 0.25: syntax error (no longer a token since THRIFT-5626); 0.17: Unsupported declaration 'xsd_namespace'. Use 'namespace xsd' instead.
xsd_namespace foo.bar
