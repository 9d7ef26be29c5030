using Microsoft.Playwright;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>Full-page screenshots of failed browser tests, in TestResults/screenshots at the repository root.</summary>
public static class TestScreenshots
{
    public static string Directory => Path.Combine(RepositoryFolder.Root, "TestResults", "screenshots");

    public static async Task SaveAsync(IReadOnlyList<IPage> pages, string testName)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = string.Concat(testName.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        for (var index = 0; index < pages.Count; index++)
        {
            var file = Path.Combine(Directory, index == 0 ? $"{name}.png" : $"{name}-{index + 1}.png");
            try
            {
                await pages[index].ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            }
            catch (PlaywrightException)
            {
                // A closed or crashed page cannot be photographed; the test's own failure matters more.
            }
        }
    }
}
