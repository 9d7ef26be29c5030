using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// The app with a data set whose figures are known (see <see cref="AnalyticsDataSet"/>), inserted
/// as the owner after the demo was seeded. The sending pipeline is off: the data is a frozen moment.
/// </summary>
public class AnalyticsWebFactory : PresencaWebFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Presenca:Campaigns:Pipeline:Enabled"] = "false",
    };

    /// <summary>Browser tests need the app on a real port, which must be chosen before it starts.</summary>
    protected virtual bool ServesOverKestrel => false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Starting the app seeds the demo; the data set goes on top of it.
        if (ServesOverKestrel)
        {
            StartKestrel();
        }
        else
        {
            _ = Server;
        }

        // The demo's own campaigns would add to every figure: the known answers start from none.
        await Database.ExecuteAsOwnerAsync("delete from email_campaigns; delete from email_templates;");
        await Database.ExecuteAsOwnerAsync(AnalyticsDataSet.Sql);
    }
}

/// <summary>The same app and data, served on 127.0.0.1 for a browser.</summary>
public sealed class AnalyticsKestrelFactory : AnalyticsWebFactory
{
    protected override bool ServesOverKestrel => true;
}
