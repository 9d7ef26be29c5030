namespace Presenca.Data.Migrations;

/// <summary>The schema cannot be brought up to date safely; the message names the file.</summary>
public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
