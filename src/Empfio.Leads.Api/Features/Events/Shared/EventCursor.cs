using System.Buffers.Binary;
using System.Buffers.Text;

namespace Empfio.Leads.Api.Features.Events;

// A position in the feed's order (txid, position; see migration 0006), opaque to clients:
// 16 bytes, base64url. (Txid, 0) is "after every event of transactions before Txid".
public readonly record struct EventCursor(long Txid, long Position)
{
    public static readonly EventCursor Start = new(0, 0);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, Txid);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], Position);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryParse(string? text, out EventCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[16];
        if (text is not { Length: 22 } || !Base64Url.IsValid(text) || Base64Url.DecodeFromChars(text, bytes) != 16)
        {
            return false;
        }
        cursor = new EventCursor(BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes[8..]));
        return cursor.Txid >= 0 && cursor.Position >= 0 && cursor.ToString() == text;
    }
}
