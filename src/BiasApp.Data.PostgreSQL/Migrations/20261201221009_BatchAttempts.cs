using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BiasApp.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class BatchAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "Batches",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "Batches");
        }
    }
}
