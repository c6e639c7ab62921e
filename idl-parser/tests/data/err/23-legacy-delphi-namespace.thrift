# reference: 0.25: syntax error (no longer a token since THRIFT-5626); 0.17: Unsupported declaration 'delphi_namespace'. Use 'namespace delphi' instead.
delphi_namespace foo.bar
