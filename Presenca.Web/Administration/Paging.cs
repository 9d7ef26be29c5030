namespace Presenca.Web.Administration;

/// <summary>One page of a list: which page was asked for (1-based, clamped) and how many rows it holds.</summary>
public sealed record Paging(int Page, int Size)
{
    public const int DefaultSize = 20;

    public static Paging Of(int? page, int size = DefaultSize) => new(Math.Max(1, page ?? 1), size);

    public int Skip => (Page - 1) * Size;

    public int PageCount(int total) => Math.Max(1, (total + Size - 1) / Size);
}
