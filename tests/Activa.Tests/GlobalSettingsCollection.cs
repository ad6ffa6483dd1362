namespace Activa.Tests;

/// <summary>Tests that change process-wide settings (thread count, GEMM backend or kernel path) run
/// here, one at a time, so they cannot disturb each other.</summary>
[CollectionDefinition("GlobalSettings", DisableParallelization = true)]
public class GlobalSettingsCollection
{
}
