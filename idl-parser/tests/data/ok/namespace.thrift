# reference: accepted
namespace rs a.b
namespace py a_b
namespace java org.example.ab
namespace cpp a.b
