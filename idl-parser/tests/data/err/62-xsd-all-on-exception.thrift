# reference: syntax error
exception E xsd_all {
  1: string message
}
