using System.Security.Cryptography;
using System.Text;

namespace Schane.Interactive.Protocol;

/// <summary>
/// Signs and checks Jupyter messages (jupyter_client.session.Session.sign): lowercase hex HMAC-SHA256 of the
/// header, parent_header, metadata and content frames, in that order. An empty key turns signing off, as in
/// Jupyter: signatures are empty and every message verifies.
/// </summary>
public sealed class MessageSigner
{
    /// <summary>The only signature scheme supported (and the one Jupyter uses).</summary>
    public const string HmacSha256 = "hmac-sha256";

    private readonly byte[] _key;

    /// <summary>Session(key=key, signature_scheme=scheme). Throws <see cref="NotSupportedException"/> for a scheme other than hmac-sha256.</summary>
    public MessageSigner(string scheme, string key)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(key);
        if (scheme != HmacSha256)
            throw new NotSupportedException($"Signature scheme \"{scheme}\" is not supported (only {HmacSha256}).");
        // Jupyter encodes the key's text as UTF-8 bytes.
        _key = Encoding.UTF8.GetBytes(key);
    }

    /// <summary>The signer for a connection file's key and scheme.</summary>
    public MessageSigner(ConnectionInfo connection)
        : this(NotNull(connection).SignatureScheme, connection.Key)
    {
    }

    /// <summary>False when the key is empty: messages are then neither signed nor checked.</summary>
    public bool IsSigning => _key.Length > 0;

    /// <summary>Session.sign(parts): the lowercase hex HMAC of the frames (header, parent_header, metadata, content); "" without a key.</summary>
    public string Sign(IReadOnlyList<byte[]> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return IsSigning ? Convert.ToHexStringLower(Mac(parts)) : "";
    }

    /// <summary>
    /// True when <paramref name="signature"/> is the signature of <paramref name="parts"/>, compared in constant
    /// time (hmac.compare_digest); always true without a key.
    /// </summary>
    public bool Verify(string signature, IReadOnlyList<byte[]> parts)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(parts);
        if (!IsSigning) return true;
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Mac(parts)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(signature));
    }

    private static ConnectionInfo NotNull(ConnectionInfo connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection;
    }

    private byte[] Mac(IReadOnlyList<byte[]> parts)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        foreach (var part in parts) hmac.AppendData(part);
        return hmac.GetHashAndReset();
    }
}
