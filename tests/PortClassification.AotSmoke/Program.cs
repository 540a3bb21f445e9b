using PortClassification;

// A NativeAOT build of the public API: exits 0 only when every answer is right.
int failures = 0;

Check("Classify(60400)", PortNumber.Classify(60400) == PortRange.Dynamic);
Check("Parse(\"443\").Range", PortNumber.Parse("443").Range == PortRange.System);
Check("UTF-8 parse", PortNumber.Parse("8080"u8).Value == 8080);
Check("TryParse rejects \"+80\"", !PortNumber.TryParse("+80", out _));
Check("interval text", PortInterval.Parse("49152-65535") == PortInterval.FromRange(PortRange.Dynamic));
Check("interval count", PortInterval.Parse("32768-60999").Count == 28232);

Console.WriteLine(failures == 0 ? "AOT smoke: all checks passed" : $"AOT smoke: {failures} check(s) failed");
return failures == 0 ? 0 : 1;

void Check(string what, bool ok)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    if (!ok)
    {
        failures++;
    }
}
