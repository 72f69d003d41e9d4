using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BiasApp.Batches.Migrations
{
    /// <inheritdoc />
    public partial class KeepSourceRowsAndSkipped : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PassThrough",
                table: "BatchRows",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SourceRow",
                table: "BatchRows",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PassThroughColumns",
                table: "Batches",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RowsSkipped",
                table: "Batches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "SkippedRows",
                table: "Batches",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PassThrough",
                table: "BatchRows");

            migrationBuilder.DropColumn(
                name: "SourceRow",
                table: "BatchRows");

            migrationBuilder.DropColumn(
                name: "PassThroughColumns",
                table: "Batches");

            migrationBuilder.DropColumn(
                name: "RowsSkipped",
                table: "Batches");

            migrationBuilder.DropColumn(
                name: "SkippedRows",
                table: "Batches");
        }
    }
}
