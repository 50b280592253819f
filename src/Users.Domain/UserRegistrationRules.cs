using System.Net.Mail;

namespace Users.Domain;

/// <summary>What a registration must satisfy, as field → messages (the shape of a validation ProblemDetails).</summary>
public static class UserRegistrationRules
{
    public const int NameMaxLength = 200;

    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int EmailMaxLength = 254;

    public static Dictionary<string, string[]> Validate(string? email, string? name)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = ["Name is required."];
        }
        else if (name.Trim().Length > NameMaxLength)
        {
            errors["name"] = [$"Name must be at most {NameMaxLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            errors["email"] = ["Email is required."];
        }
        else if (email.Trim().Length > EmailMaxLength)
        {
            errors["email"] = [$"Email must be at most {EmailMaxLength} characters."];
        }
        else if (!IsWellFormedEmail(email.Trim()))
        {
            errors["email"] = ["Email is not a valid address."];
        }

        return errors;
    }

    /// <summary>Case-insensitive identity of an address: "Ada@Example.com" and "ada@example.com" are one user.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private static bool IsWellFormedEmail(string email)
    {
        // MailAddress accepts display names and comments ("Ada <ada@example.com>"); insist on a bare address whose
        // domain has a dot that is neither first nor last.
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email || address.DisplayName.Length > 0)
        {
            return false;
        }

        var domain = address.Host;
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < domain.Length - 1 && !domain.EndsWith('.') && !email.Any(char.IsWhiteSpace);
    }
}
