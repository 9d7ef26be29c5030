using System.Runtime.CompilerServices;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// The pipeline tests block thread-pool threads (child processes, synchronous polls) while bUnit
/// renders on the same pool; on two loaded cores the pool grows too slowly and renders wait for a
/// thread. Start with enough threads, and give a render under load time to come.
/// </summary>
internal static class TestThreadPool
{
    [ModuleInitializer]
    internal static void Configure()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 8), io);
        Bunit.BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(30);
    }
}
