using System.Net;
using System.Text.RegularExpressions;
using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace BiasApp.Tests.Accounts;

/// <summary>A browser-like client for the static account forms: keeps cookies, posts a form with its antiforgery token, follows no redirects.</summary>
internal sealed partial class AccountForms(HttpClient client)
{
    public HttpClient Client => client;

    /// <summary>Uses the server's own handler, so no API key is sent and no account is created on the way.</summary>
    public static AccountForms For(WebApplicationFactory<Program> app) =>
        new(new HttpClient(new CookieContainerHandler { InnerHandler = app.Server.CreateHandler() }) { BaseAddress = app.Server.BaseAddress });

    /// <summary>Opens <paramref name="path"/> and posts its form <paramref name="formName"/> with <paramref name="fields"/>.</summary>
    public async Task<(HttpStatusCode Status, string Html, Uri? Location)> PostAsync(string path, string formName, params (string Name, string Value)[] fields) =>
        await PostWithTokenAsync(path, await TokenAsync(path), formName, fields);

    /// <summary>Opens <paramref name="path"/> and returns its form's antiforgery token (the cookie stays in this client).</summary>
    public async Task<string> TokenAsync(string path)
    {
        var page = await client.GetStringAsync(path);
        return TokenInput().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(Value().Match(m.Value).Groups[1].Value) : throw new InvalidOperationException($"{path} has no antiforgery token");
    }

    /// <summary>Posts the form <paramref name="formName"/> of <paramref name="path"/> with a token from <see cref="TokenAsync"/>.</summary>
    public async Task<(HttpStatusCode Status, string Html, Uri? Location)> PostWithTokenAsync(string path, string token, string formName, params (string Name, string Value)[] fields)
    {
        var form = new List<KeyValuePair<string, string>> { new("_handler", formName), new("__RequestVerificationToken", token) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        var response = await client.PostAsync(path, new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    /// <summary>A new analyst account with a password, signed in through the login form.</summary>
    public static async Task<AccountForms> SignedInAnalystAsync(WebApplicationFactory<Program> app, string email)
    {
        const string password = "Analyst-secret-42";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var created = await AccountProvisioning.CreateUserAsync(users, email, password, admin: false);
            if (!created.Succeeded) throw new InvalidOperationException(AccountProvisioning.Describe(created));
        }
        var forms = For(app);
        var signedIn = await forms.SignInAsync(email, password);
        if (signedIn.Status != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {email} answered {signedIn.Status}");
        return forms;
    }

    public Task<(HttpStatusCode Status, string Html, Uri? Location)> SignInAsync(string email, string password) =>
        PostAsync("/account/login", "login", ("Input.Email", email), ("Input.Password", password));

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex TokenInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex Value();
}
