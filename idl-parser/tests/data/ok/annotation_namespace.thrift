# reference: accepted
namespace py annotated (py.note = "n")
