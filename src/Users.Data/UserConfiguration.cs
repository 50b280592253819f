using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Users.Domain;

namespace Users.Data;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    /// <summary>The unique index that decides duplicate registrations, also between racing requests.</summary>
    public const string UniqueEmailIndex = "ux_users_normalized_email";

    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users");
        user.HasKey(u => u.Id);
        user.Property(u => u.Id).HasColumnName("id").ValueGeneratedNever();
        user.Property(u => u.Email).HasColumnName("email").HasMaxLength(UserRegistrationRules.EmailMaxLength);
        user.Property(u => u.NormalizedEmail).HasColumnName("normalized_email").HasMaxLength(UserRegistrationRules.EmailMaxLength);
        user.Property(u => u.Name).HasColumnName("name").HasMaxLength(UserRegistrationRules.NameMaxLength);
        user.Property(u => u.RegisteredAt).HasColumnName("registered_at");
        user.HasIndex(u => u.NormalizedEmail).IsUnique().HasDatabaseName(UniqueEmailIndex);
        user.Ignore(u => u.DomainEvents);
    }
}
