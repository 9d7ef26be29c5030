// The contact import benchmark (issue 5): a 100,000-row .xlsx with 10,000 distinct companies
// imported into a tenant that already holds 100,000 contacts. Each step runs in its own process
// (bench/contacts.sh) so that the import's peak RSS is the import's alone.
//
//   prepare <dir>   migrated template database with the tenant and its 100,000 contacts; the
//                   .xlsx; and the same rows already normalised (TSV) for the SQL floor
//   import <dir>    the real importer (stream, validate, binary COPY, set-based SQL) on a clone
//   floor <dir>     COPY of the normalised rows into the staging table + the same set-based SQL
//   read <dir>      only reading and validating the .xlsx, no database (where app time goes)
//   explain <dir>   EXPLAIN ANALYZE of the contacts list queries (each sort, a search) as the app
//   explain-import <dir>  EXPLAIN (ANALYZE, BUFFERS, WAL) of each set-based statement of an import
//   e2e <dir> [warm runs]  the real path: the web app as its own process, HTTP upload, queue,
//                   worker, report; cold and warm runs, longest progress gap, the app's peak RSS,
//                   and the SQL floor in the same database (issue 12 §2)
//
// Connections: PRESENCA_BENCH_POSTGRES_ADMIN (creates databases), PRESENCA_BENCH_POSTGRES_OWNER, PRESENCA_BENCH_POSTGRES_APP.
using Presenca.Bench.Contacts;

if (args.Length is < 2 or > 3 || args[0] is not ("prepare" or "import" or "floor" or "read" or "explain" or "explain-import" or "e2e"))
{
    Console.Error.WriteLine("usage: Presenca.Bench.Contacts prepare|import|floor|read|explain|explain-import|e2e <dir> [warm runs]");
    return 2;
}

var bench = new ContactImportBench(args[1]);
switch (args[0])
{
    case "prepare":
        await bench.PrepareAsync();
        break;
    case "import":
        await bench.ImportAsync();
        break;
    case "explain":
        await bench.ExplainAsync();
        break;
    case "explain-import":
        await bench.ExplainImportAsync();
        break;
    case "e2e":
        await new ContactImportEndToEnd(args[1], args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2).RunAsync();
        break;
    case "read":
        bench.Read();
        break;
    default:
        await bench.FloorAsync();
        break;
}

return 0;
