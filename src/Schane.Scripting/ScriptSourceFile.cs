using Microsoft.CodeAnalysis.Text;

namespace Schane.Scripting;

/// <summary>One file of a script (the script itself or a file it <c>#load</c>s): its full path and its text as read.</summary>
internal sealed record ScriptSourceFile(string Path, SourceText Text);
