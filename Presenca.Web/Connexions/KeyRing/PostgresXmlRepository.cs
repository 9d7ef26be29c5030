using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Presenca.Web.Connexions.KeyRing;

/// <summary>
/// The Data Protection key ring in PostgreSQL (table <c>data_protection_keys</c>, migration 0004),
/// so every instance encrypts and decrypts with the same keys. Append-only: a key that expires
/// or is revoked stays, because old ciphertext still needs it to be read.
/// </summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository, IDisposable
{
    public void Dispose() => dataSource.Dispose();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("select xml from data_protection_keys order by id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = dataSource.CreateCommand("insert into data_protection_keys (friendly_name, xml) values ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
