using System.Text;
using Activa.IO;

namespace Activa.Tests.Reliability;

public class Crc32CTests
{
    [Fact]
    public void MatchesTheStandardCheckValue()
    {
        // The CRC-32C check value of "123456789" (RFC 3720, Castagnoli) and of the empty string.
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32C.Compute([]));
        // RFC 3720 B.4: 32 bytes of zeros.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
    }

    [Fact]
    public void FastPathEqualsTheTableAtEveryLengthAndAlignment()
    {
        var g = new Generator(5);
        var data = new byte[300];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)g.NextInt(256);
        for (int start = 0; start < 9; start++)
            for (int length = 0; length + start <= data.Length; length += 1 + length / 8)
                Assert.Equal(Crc32C.ComputeScalar(data.AsSpan(start, length)), Crc32C.Compute(data.AsSpan(start, length)));
    }

    [Fact]
    public void EverySingleBitFlipChangesTheChecksum()
    {
        var data = new byte[64];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7);
        uint clean = Crc32C.Compute(data);
        for (int bit = 0; bit < data.Length * 8; bit++)
        {
            data[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(clean, Crc32C.Compute(data));
            data[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }
}
