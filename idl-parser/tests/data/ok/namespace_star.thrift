# reference: accepted
namespace * everything.here
