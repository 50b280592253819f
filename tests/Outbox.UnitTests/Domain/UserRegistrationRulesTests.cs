using Users.Domain;

namespace Outbox.UnitTests.Domain;

public sealed class UserRegistrationRulesTests
{
    [Fact]
    public void Accepts_a_well_formed_registration()
    {
        Assert.Empty(UserRegistrationRules.Validate("ada@example.com", "Ada Lovelace"));
    }

    [Theory]
    [InlineData(null, "name", "Name is required.")]
    [InlineData("", "name", "Name is required.")]
    [InlineData("   ", "name", "Name is required.")]
    public void Rejects_a_missing_or_blank_name(string? name, string field, string message)
    {
        var errors = UserRegistrationRules.Validate("ada@example.com", name);

        Assert.Equal([message], errors[field]);
    }

    [Fact]
    public void Rejects_an_overlong_name_and_accepts_one_at_the_limit()
    {
        Assert.Empty(UserRegistrationRules.Validate("ada@example.com", new string('a', UserRegistrationRules.NameMaxLength)));

        var errors = UserRegistrationRules.Validate("ada@example.com", new string('a', UserRegistrationRules.NameMaxLength + 1));

        Assert.Contains("name", errors.Keys);
    }

    [Theory]
    [InlineData("ada")]
    [InlineData("ada@")]
    [InlineData("@example.com")]
    [InlineData("ada@example")]
    [InlineData("ada@example.")]
    [InlineData("ada@.com")]
    [InlineData("ada lovelace@example.com")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("ada@@example.com")]
    public void Rejects_a_malformed_email(string email)
    {
        var errors = UserRegistrationRules.Validate(email, "Ada");

        Assert.Equal(["Email is not a valid address."], errors["email"]);
    }

    [Fact]
    public void Rejects_an_overlong_email()
    {
        var email = new string('a', UserRegistrationRules.EmailMaxLength) + "@example.com";

        Assert.Contains("email", UserRegistrationRules.Validate(email, "Ada").Keys);
    }

    [Fact]
    public void Normalizes_email_case_and_surrounding_space()
    {
        Assert.Equal("ada@example.com", UserRegistrationRules.NormalizeEmail("  Ada@Example.COM "));
    }
}
