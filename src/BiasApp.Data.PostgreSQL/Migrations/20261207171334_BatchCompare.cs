using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BiasApp.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class BatchCompare : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CompareValue",
                table: "BatchRows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CompareColumn",
                table: "Batches",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CompareValue",
                table: "BatchRows");

            migrationBuilder.DropColumn(
                name: "CompareColumn",
                table: "Batches");
        }
    }
}
