namespace Presenca.Web.Tenancy;

/// <summary>Hands each request's signed-in user to its scope's <see cref="CallerSource"/>, once authentication has run.</summary>
public static class CallerSourceMiddleware
{
    public static IApplicationBuilder UseCallerSource(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.RequestServices.GetRequiredService<CallerSource>().SetPrincipal(context.User);
            await next(context);
        });
}
