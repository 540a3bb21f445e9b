using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.RegistryCompiler;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Registry;

public class RegistryTableTests
{
    private static readonly Lazy<byte[]> s_embedded = new(() =>
    {
        using Stream stream = typeof(ServiceRegistry).Assembly.GetManifestResourceStream("PortClassification.Registry.iana-services.bin")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private static byte[] Embedded => s_embedded.Value;

    [SharedDataFact]
    public void EmbeddedTable_IsWhatTheCompilerMakesFromTheSharedXml()
    {
        // The shared data must exist in CI; elsewhere SharedDataFact reports the test as skipped.
        Assert.True(SharedData.IanaDirectory is not null, SharedData.SearchDescription);
        RegistryData data;
        using (FileStream xml = File.OpenRead(SharedData.XmlPath))
        {
            data = IanaXmlReader.Read(xml);
        }

        data.KnownUses.AddRange(KnownUsesDataTests.ReadFile());
        byte[] compiled = RegistryTableWriter.Write(data);

        // Compare the uncompressed payloads: another Brotli build may compress the same payload differently.
        byte[] expected = RegistryTable.ReadHeader(compiled, out DateOnly expectedDate);
        byte[] actual = RegistryTable.ReadHeader(Embedded, out DateOnly actualDate);
        Assert.True(expected.AsSpan().SequenceEqual(actual),
            "src/PortClassification/Registry/iana-services.bin is out of date with " + SharedData.XmlPath +
            ". Regenerate it: dotnet run --project src/PortClassification.RegistryCompiler -- " + SharedData.XmlPath +
            " src/PortClassification/Registry/known-uses.csv src/PortClassification/Registry/iana-services.bin");
        Assert.Equal(expectedDate, actualDate);
    }

    [Fact]
    public void EmbeddedTable_IsSmallAndPlausiblyDated()
    {
        // The exact date is pinned by EmbeddedTable_IsWhatTheCompilerMakesFromTheSharedXml; here only invariants.
        Assert.InRange(Embedded.Length, 50_000, 300_000);
        RegistryTable.ReadHeader(Embedded, out DateOnly date);
        Assert.InRange(date, new DateOnly(2024, 1, 1), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)));
    }

    /// <summary>Gets the date in the embedded table's header.</summary>
    internal static DateOnly EmbeddedDate()
    {
        RegistryTable.ReadHeader(Embedded, out DateOnly date);
        return date;
    }

    [Fact]
    public void Read_WrittenFixture_RoundTripsEveryField()
    {
        RegistryData original = IanaXmlReader.Read(new MemoryStream(RegistryFixtures.MiniXml));

        RegistryData read = RegistryTable.Read(RegistryTableWriter.Write(original));

        Assert.Equal(original.Date, read.Date);
        Assert.Equal(original.Holds, read.Holds);
        Assert.Equal(
            original.Services.Select(s => (s.Name, s.Ports, s.Transport, s.Description, s.Reference, s.UnauthorizedUse, s.Note, s.Origin)),
            read.Services.Select(s => (s.Name, s.Ports, s.Transport, s.Description, s.Reference, s.UnauthorizedUse, s.Note, s.Origin)));
    }

    [Fact]
    public void Read_WrittenKnownUses_RoundTripEveryField()
    {
        RegistryData original = IanaXmlReader.Read(new MemoryStream(RegistryFixtures.MiniXml));
        original.KnownUses.AddRange(KnownUsesReader.Read(new StringReader(
            KnownUsesReader.Header + "\n" +
            "airplay-receiver,7000,tcp,os-service,macos,airplay,\"AirPlay Receiver, macOS 12 and later\",https://support.apple.com/en-us/103229\n" +
            "wireguard,51820,udp,vpn,linux windows,wg,WireGuard tunnel,https://www.wireguard.com/quickstart/\n" +
            "bittorrent,6881-6889,tcp udp,peer-to-peer,,,BitTorrent peers,owner/repo:src/a.c#L12-L14\n")));

        RegistryData read = RegistryTable.Read(RegistryTableWriter.Write(original));

        Assert.Equal(4, read.KnownUses.Count);
        Assert.Equal(
            original.KnownUses.Select(s => (s.Name, s.Ports, s.Transport, s.Description, s.Citation, s.Category, s.Platforms, string.Join(' ', s.Aliases), s.Origin)),
            read.KnownUses.Select(s => (s.Name, s.Ports, s.Transport, s.Description, s.Citation, s.Category, s.Platforms, string.Join(' ', s.Aliases), s.Origin)));
        Assert.Equal(ServicePlatforms.MacOS, read.KnownUses[0].Platforms);
        Assert.Equal(ServiceCategory.PeerToPeer, read.KnownUses[3].Category);
    }

    [Fact]
    public void Read_EmbeddedTable_HoldsTheWholeRegistry()
    {
        RegistryData data = RegistryTable.Read(Embedded);

        // IANA lists over ten thousand services with ports and over a thousand unnamed holds; the
        // exact counts follow the data (checked against the shared XML below).
        Assert.InRange(data.Services.Count, 10_000, 50_000);
        Assert.InRange(data.Holds.Count, 1_000, 10_000);
        Assert.All(data.Services, s => Assert.False(string.IsNullOrEmpty(s.Name)));
    }

    [SharedDataFact]
    public void Read_EmbeddedTable_HasTheSharedXmlsCounts()
    {
        Assert.True(SharedData.IanaDirectory is not null, SharedData.SearchDescription);
        RegistryData expected;
        using (FileStream xml = File.OpenRead(SharedData.XmlPath))
        {
            expected = IanaXmlReader.Read(xml);
        }

        RegistryData data = RegistryTable.Read(Embedded);

        Assert.Equal(expected.Date, data.Date);
        Assert.Equal(expected.Services.Count, data.Services.Count);
        Assert.Equal(expected.Holds.Count, data.Holds.Count);
    }

    /// <summary>
    /// Damage is caught by the payload hash; the one exception is a changed bit that Brotli's decoder
    /// ignores (stream padding), which leaves the decompressed payload, and so the table, exactly intact.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Read_AnySingleByteChanged_ThrowsFormatExceptionOrReadsTheSamePayload()
    {
        Gen<(int Index, byte Xor)> change =
            from index in Gen.Choose(0, Embedded.Length - 1)
            from xor in Gen.Choose(1, 255)
            select (index, (byte)xor);
        return Prop.ForAll(change.ToArbitrary(), c =>
        {
            byte[] copy = (byte[])Embedded.Clone();
            copy[c.Index] ^= c.Xor;
            byte[] payload;
            try
            {
                payload = RegistryTable.ReadHeader(copy, out _);
            }
            catch (FormatException)
            {
                return;
            }

            Assert.True(c.Index >= 24, "a changed header byte must always be caught");
            Assert.True(payload.AsSpan().SequenceEqual(RegistryTable.ReadHeader(Embedded, out _)), "a change that is not caught must leave the payload intact");
        });
    }

    [Property(MaxTest = 100)]
    public Property Read_Truncated_ThrowsFormatException() =>
        Prop.ForAll(Gen.Choose(0, Embedded.Length - 1).ToArbitrary(), length =>
            Assert.Throws<FormatException>(() => RegistryTable.Read(Embedded.AsSpan(0, length))));
}
