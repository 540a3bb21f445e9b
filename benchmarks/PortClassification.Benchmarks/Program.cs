using BenchmarkDotNet.Running;

// Passes args through, so `--filter`, `--list flat` and every other BenchmarkDotNet switch work.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
