namespace Schane.Scripting;

/// <summary>A compiled script as stored in the cache: its assembly, its portable PDB and its manifest.</summary>
internal sealed record ScriptCacheEntry(byte[] Assembly, byte[] Pdb, ScriptManifest Manifest);
