using System.Net;
using System.Net.Http.Json;
using System.Text;
using Outbox.AppHost.Tests.Infrastructure;

namespace Outbox.AppHost.Tests.Pipeline;

/// <summary>The Users API's contract, against the running AppHost and its real PostgreSQL.</summary>
public sealed class RegistrationTests(OutboxAppFixture fixture)
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registering_returns_201_with_the_user_and_where_to_find_it()
    {
        var email = UniqueEmail();

        using var response = await fixture.UsersApi.PostAsJsonAsync("/users", new { email, name = "Ada" }, CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = (await response.Content.ReadFromJsonAsync<UserDto>(CancellationToken))!;
        Assert.Equal(email, user.Email);
        Assert.Equal("Ada", user.Name);
        Assert.Equal($"/users/{user.Id}", response.Headers.Location?.OriginalString);

        var fetched = await fixture.UsersApi.GetFromJsonAsync<UserDto>($"/users/{user.Id}", CancellationToken);
        Assert.Equal(user, fetched);
    }

    [Fact]
    public async Task An_unknown_user_is_a_404_problem()
    {
        using var response = await fixture.UsersApi.GetAsync($"/users/{Guid.NewGuid()}", CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_second_registration_of_an_email_in_any_case_is_a_409_and_writes_nothing()
    {
        var email = UniqueEmail();
        using var first = await fixture.UsersApi.PostAsJsonAsync("/users", new { email, name = "Ada" }, CancellationToken);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await fixture.UsersApi.PostAsJsonAsync(
            "/users", new { email = email.ToUpperInvariant(), name = "Ada again" }, CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await fixture.UsersDb.CountUsersAsync(email, CancellationToken));
        Assert.Equal(1, await fixture.UsersDb.CountOutboxMessagesAsync(email, CancellationToken));
    }

    [Fact]
    public async Task Racing_registrations_of_one_email_create_exactly_one_user_and_one_outbox_row()
    {
        var email = UniqueEmail();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            fixture.UsersApi.PostAsJsonAsync("/users", new { email = i % 2 == 0 ? email : email.ToUpperInvariant(), name = $"Racer {i}" }, CancellationToken)));

        var statuses = responses.Select(response => response.StatusCode).ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Single(statuses, HttpStatusCode.Created);
        Assert.Equal(7, statuses.Count(status => status == HttpStatusCode.Conflict));
        Assert.Equal(1, await fixture.UsersDb.CountUsersAsync(email, CancellationToken));
        Assert.Equal(1, await fixture.UsersDb.CountOutboxMessagesAsync(email, CancellationToken));
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { "missing name", """{"email":"{email}"}""" },
        { "blank name", """{"email":"{email}","name":"   "}""" },
        { "overlong name", $$"""{"email":"{email}","name":"{{new string('n', 201)}}"}""" },
        { "malformed email", """{"email":"{email}@","name":"Ada"}""" },
        { "missing email", """{"name":"Ada {email}"}""" },
        { "malformed JSON", """{"email":"{email}","name":"Ada" """ },
        { "wrong JSON type", """{"email":"{email}","name":42}""" },
        { "JSON null", "null" },
        { "oversized body", $$"""{"email":"{email}","name":"Ada","padding":"{{new string('p', 20_000)}}"}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_input_is_a_400_problem_and_writes_nothing(string reason, string body)
    {
        var email = UniqueEmail();
        using var content = new StringContent(body.Replace("{email}", email, StringComparison.Ordinal), Encoding.UTF8, "application/json");

        using var response = await fixture.UsersApi.PostAsync("/users", content, CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{reason}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>(CancellationToken);
        Assert.Equal(400, problem?.Status);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.UsersDb.CountUsersAsync(email, CancellationToken));
        Assert.Equal(0, await fixture.UsersDb.CountOutboxMessagesAsync(email, CancellationToken));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_415_problem()
    {
        using var content = new StringContent("email=ada@example.com&name=Ada", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await fixture.UsersApi.PostAsync("/users", content, CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    internal static string UniqueEmail() => $"user-{Guid.NewGuid():N}@example.com";
}
