# reference: syntax error
namespace * foo (a = "b")
