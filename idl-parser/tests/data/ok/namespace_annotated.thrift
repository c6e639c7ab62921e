# reference: accepted
namespace xsd test (uri = 'http://example.org/ns')
