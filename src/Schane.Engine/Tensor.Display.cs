using Schane.Engine.Display;

namespace Schane.Engine;

// Rich display in notebooks (ours and .NET Interactive): a torch-like repr and an HTML preview, see Display/.
[TypeFormatterSource(typeof(TensorFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed partial class Tensor;
