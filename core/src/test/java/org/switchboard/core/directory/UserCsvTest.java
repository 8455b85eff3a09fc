package org.switchboard.core.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.switchboard.core.directory.DirectoryFixture.ADMIN;
import static org.switchboard.core.error.ProblemAssertions.assertInvalid;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.core.LogCapture;
import org.switchboard.core.error.Problem;

class UserCsvTest {
    /** The guide's §20 semicolon example, with the second row's user name corrected to ewood. */
    static final String GUIDE_SEMICOLON = """
            Name; Password; FullName; Description; MailAddress; Groups
            abird; VbD66op1; Alexandra Bird; Development; abird; read, all
            ewood; Ahdpppu4; Edward Wood; Sales; ewood, wood; sales, all
            mtaylor; SpoiuS158; Michael Taylor; Assistant; mtaylor, michael.taylor; all
            """;

    @Test
    void parse_guideSemicolonExample_allFieldsTrimmedAndSplit() {
        UserCsv.Parsed p = UserCsv.parse(GUIDE_SEMICOLON);

        assertThat(p.errors()).isEmpty();
        assertThat(p.rows()).containsExactly(
                new UserCsv.Row(2, "abird", "VbD66op1", "Alexandra Bird", "Development", List.of("abird"), List.of("read", "all")),
                new UserCsv.Row(3, "ewood", "Ahdpppu4", "Edward Wood", "Sales", List.of("ewood", "wood"), List.of("sales", "all")),
                new UserCsv.Row(4, "mtaylor", "SpoiuS158", "Michael Taylor", "Assistant", List.of("mtaylor", "michael.taylor"), List.of("all")));
    }

    @Test
    void parse_commaFileWithQuotedMultiValues_split() {
        String csv = "Name,Password,FullName,Description,MailAddress,Groups\r\n"
                + "mtaylor,SpoiuS158,Michael Taylor,Assistant,\"mtaylor, michael.taylor\",\"read, all\"\r\n"
                + "ewood,Ahdpppu4,\"Wood, Edward\",\"Sales \"\"East\"\"\",\"awood, wood\",sales\r\n";

        UserCsv.Parsed p = UserCsv.parse(csv);

        assertThat(p.errors()).isEmpty();
        assertThat(p.rows()).containsExactly(
                new UserCsv.Row(2, "mtaylor", "SpoiuS158", "Michael Taylor", "Assistant", List.of("mtaylor", "michael.taylor"), List.of("read", "all")),
                new UserCsv.Row(3, "ewood", "Ahdpppu4", "Wood, Edward", "Sales \"East\"", List.of("awood", "wood"), List.of("sales")));
    }

    @Test
    void parse_headerWithSpacesInNamesAndAnyOrder_mapped() {
        String csv = "Mail Address;Full Name;name\nm.taylor, mike;Michael Taylor;mtaylor\n";
        assertThat(UserCsv.parse(csv).rows()).containsExactly(
                new UserCsv.Row(2, "mtaylor", null, "Michael Taylor", null, List.of("m.taylor", "mike"), List.of()));
    }

    @Test
    void parse_onlyNameColumn_otherFieldsEmpty() {
        UserCsv.Row r = UserCsv.parse("Name\nsherlock\n").rows().getFirst();
        assertThat(r.password()).isNull();
        assertThat(r.addresses()).isEmpty();
        assertThat(r.groups()).isEmpty();
    }

    @Test
    void parse_byteOrderMark_ignored() {
        UserCsv.Parsed p = UserCsv.parse("\uFEFFName;FullName\nsherlock;Sherlock Holmes\n");
        assertThat(p.errors()).isEmpty();
        assertThat(p.rows()).extracting(UserCsv.Row::name).containsExactly("sherlock");
    }

    @Test
    void parse_blankLinesBeforeHeaderAndBetweenRows_skippedWithTrueLineNumbers() {
        UserCsv.Parsed p = UserCsv.parse("\n\nName\n\nsherlock\n\nwatson\n");
        assertThat(p.rows()).extracting(UserCsv.Row::line).containsExactly(5, 7);
    }

    @Test
    void parse_unknownColumn_invalidNamingTheColumnAndKnownOnes() {
        assertInvalid(() -> UserCsv.parse("Name;Phone\nx;1\n"), "unknown column 'Phone'; known columns are Name, Password");
    }

    @Test
    void parse_missingNameColumn_invalid() {
        assertInvalid(() -> UserCsv.parse("FullName;Password\nSherlock;secret12\n"), "line 1: the Name column is required");
    }

    @Test
    void parse_duplicateColumn_invalid() {
        assertInvalid(() -> UserCsv.parse("Name;Full Name;FullName\n"), "column FullName appears twice");
    }

    @Test
    void parse_empty_invalidShowingExpectedHeader() {
        assertInvalid(() -> UserCsv.parse("\n \n"), "the file is empty");
    }

    @Test
    void parse_unterminatedQuote_rowErrorWithLineNumberOthersKept() {
        String csv = "Name,FullName\nsherlock,Sherlock\nwatson,\"John Watson\nmycroft,Mycroft\n";

        UserCsv.Parsed p = UserCsv.parse(csv);

        assertThat(p.rows()).extracting(UserCsv.Row::name).containsExactly("sherlock", "mycroft");
        assertThat(p.errors()).containsExactly(new Problem.FieldError("line 3", "unterminated quote"));
    }

    @Test
    void parse_quoteInsideField_rowError() {
        UserCsv.Parsed p = UserCsv.parse("Name;FullName\nx;O\"Brien\n");
        assertThat(p.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("line 2");
            assertThat(e.message()).contains("unexpected quote in column 2");
        });
    }

    @Test
    void parse_moreFieldsThanColumns_rowError() {
        UserCsv.Parsed p = UserCsv.parse("Name;FullName\nx;y;z\n");
        assertThat(p.errors()).containsExactly(new Problem.FieldError("line 2", "3 fields but the header has 2 columns"));
    }

    @Test
    void parse_emptyName_rowError() {
        assertThat(UserCsv.parse("Name;FullName\n ;Nobody\n").errors()).containsExactly(new Problem.FieldError("line 2", "Name is empty"));
    }

    @Test
    void parse_overlongLine_rowErrorNotParsed() {
        String csv = "Name;Description\nx;" + "d".repeat(UserCsv.MAX_LINE) + "\ny;short\n";
        UserCsv.Parsed p = UserCsv.parse(csv);
        assertThat(p.errors()).extracting(Problem.FieldError::field).containsExactly("line 2");
        assertThat(p.rows()).extracting(UserCsv.Row::name).containsExactly("y");
    }

    @Test
    void import_guideExample_usersAddressesAndGroupsCreated() {
        DirectoryFixture f = DirectoryFixture.holmes();

        UserCsv.ImportReport r = f.dir.importUsers(ADMIN, null, UserCsv.parse(GUIDE_SEMICOLON), false);

        assertThat(r.created()).containsExactly("abird@holmes.com", "ewood@holmes.com", "mtaylor@holmes.com");
        assertThat(r.createdGroups()).containsExactly("all", "read", "sales");
        assertThat(r.skipped()).isEmpty();
        User ewood = f.dir.requireUser("ewood");
        assertThat(ewood.fullName()).isEqualTo("Edward Wood");
        assertThat(ewood.addresses()).containsExactly("wood");
        assertThat(ewood.credentials().hasPassword()).isTrue();
        assertThat(f.dir.groupsOf(ewood)).extracting(Group::name).containsExactlyInAnyOrder("sales", "all");
        assertThat(f.dir.requireGroup("all").members()).hasSize(3);
        assertThat(f.dir.checkAddress("michael.taylor").targets()).extracting(t -> ((Resolution.Mailbox) t).address())
                .containsExactly("mtaylor@holmes.com");
        assertThat(f.reopen().users(null)).isEqualTo(f.dir.users(null));
    }

    @Test
    void import_existingGroup_reusedNotCreated() {
        DirectoryFixture f = DirectoryFixture.holmes();
        Group all = f.dir.addGroup(ADMIN, new NewGroup("all", null, List.of("all"), List.of("sherlock"), null));

        UserCsv.ImportReport r = f.dir.importUsers(ADMIN, "holmes.com", UserCsv.parse("Name;Groups\nlestrade;ALL\n"), false);

        assertThat(r.createdGroups()).isEmpty();
        assertThat(f.dir.groups(null)).hasSize(1);
        assertThat(f.dir.requireGroup("all").members()).containsExactly(all.members().getFirst(), f.dir.requireUser("lestrade").id());
    }

    @Test
    void import_guideExampleAsPrinted_duplicateNameRefusesWholeFile() {
        DirectoryFixture f = DirectoryFixture.holmes();
        String asPrinted = GUIDE_SEMICOLON.replace("ewood; Ahdpppu4", "abird; Ahdpppu4");
        Map<String, String> before = f.store.snapshot();

        assertThatThrownBy(() -> f.dir.importUsers(ADMIN, null, UserCsv.parse(asPrinted), false))
                .isInstanceOfSatisfying(Problem.class, p -> {
                    assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID);
                    assertThat(p.getMessage()).isEqualTo("1 bad row(s); nothing was imported");
                    assertThat(p.errors()).singleElement().satisfies(e -> {
                        assertThat(e.field()).isEqualTo("line 3");
                        assertThat(e.message()).contains("abird@holmes.com already exists");
                    });
                });
        assertThat(f.dir.users(null)).extracting(User::name).containsExactly("sherlock", "watson");
        assertThat(f.dir.groups(null)).isEmpty();
        assertThat(f.store.snapshot()).isEqualTo(before);
    }

    @Test
    void import_badRows_allOrNothingListsEveryLine() {
        DirectoryFixture f = DirectoryFixture.holmes();
        String csv = "Name;Password;MailAddress\nlestrade;Scotland-Yard1;\nhudson;short;\nbad name;Long-Enough1;\nmoran;Long-Enough1;watson\n";

        assertThatThrownBy(() -> f.dir.importUsers(ADMIN, null, UserCsv.parse(csv), false))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.errors()).extracting(Problem.FieldError::field)
                        .containsExactly("line 3", "line 4", "line 5"));
        assertThat(f.dir.user("lestrade")).isEmpty();
    }

    @Test
    void import_partial_goodRowsCreatedBadRowsReported() {
        DirectoryFixture f = DirectoryFixture.holmes();
        String csv = "Name;Password;Groups\nlestrade;Scotland-Yard1;police\nhudson;short;landlady\ngregson;Scotland-Yard1;police\n";

        try (LogCapture log = LogCapture.of("switchboard.config")) {
            UserCsv.ImportReport r = f.dir.importUsers(ADMIN, null, UserCsv.parse(csv), true);

            assertThat(r.created()).containsExactly("lestrade@holmes.com", "gregson@holmes.com");
            assertThat(r.createdGroups()).as("the bad row's group is not created").containsExactly("police");
            assertThat(r.skipped()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("line 3");
                assertThat(e.message()).contains("at least 8 characters");
            });
            assertThat(log.lines()).containsExactly(
                    "admin (192.0.2.10): imported 2 user(s) into holmes.com, created group(s) [police], skipped 1 bad row(s)");
        }
        assertThat(f.dir.user("hudson")).isEmpty();
        assertThat(f.dir.group("landlady")).isEmpty();
        assertThat(f.dir.requireGroup("police").members()).hasSize(2);
        assertThat(f.reopen().users(null)).extracting(User::name).containsExactly("gregson", "lestrade", "sherlock", "watson");
    }

    @Test
    void import_unknownDomain_notFound() {
        DirectoryFixture f = DirectoryFixture.holmes();
        assertThatThrownBy(() -> f.dir.importUsers(ADMIN, "nowhere.com", UserCsv.parse("Name\nx\n"), true))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.NOT_FOUND));
    }

    @Test
    void export_thenParse_roundTripsNamesFullNamesAddressesGroups() {
        DirectoryFixture f = DirectoryFixture.holmes();
        f.dir.importUsers(ADMIN, null, UserCsv.parse(GUIDE_SEMICOLON), false);
        f.dir.updateUser(ADMIN, "sherlock", new UserChange("Holmes; Sherlock \"the detective\"", "consulting\ndetective; London",
                List.of("sh"), null, null, null, null, null));
        List<User> users = f.dir.users("holmes.com");

        String csv = UserCsv.export(users, f.dir);
        UserCsv.Parsed back = UserCsv.parse(csv);

        assertThat(csv).startsWith("Name;Password;FullName;Description;MailAddress;Groups\r\n");
        assertThat(csv).doesNotContain("VbD66op1").doesNotContain("test-hash");
        assertThat(back.errors()).isEmpty();
        assertThat(back.rows()).hasSameSizeAs(users);
        for (int i = 0; i < users.size(); i++) {
            User u = users.get(i);
            UserCsv.Row row = back.rows().get(i);
            assertThat(row.name()).isEqualTo(u.name());
            assertThat(row.password()).isNull();
            assertThat(row.fullName()).isEqualTo(u.fullName());
            assertThat(row.addresses()).isEqualTo(u.addresses());
            assertThat(row.groups()).containsExactlyElementsOf(f.dir.groupsOf(u).stream().map(Group::name).sorted().toList());
        }
        assertThat(back.rows().stream().filter(r -> r.name().equals("sherlock")).findFirst().orElseThrow().description())
                .isEqualTo("consulting detective; London");
    }

    @Test
    void export_reimportedIntoAnotherDomain_sameAccountsAndGroups() {
        DirectoryFixture f = DirectoryFixture.holmes();
        f.dir.importUsers(ADMIN, null, UserCsv.parse(GUIDE_SEMICOLON), false);
        f.dir.addDomain(ADMIN, NewDomain.named("copy.org"));

        String csv = UserCsv.export(f.dir.users("holmes.com"), f.dir);
        UserCsv.ImportReport r = f.dir.importUsers(ADMIN, "copy.org", UserCsv.parse(csv), false);

        assertThat(r.created()).hasSize(5);
        assertThat(f.dir.users("copy.org")).extracting(User::name, User::fullName, User::addresses)
                .isEqualTo(f.dir.users("holmes.com").stream().map(u -> tuple(u.name(), u.fullName(), u.addresses())).toList());
        assertThat(f.dir.groups("copy.org")).extracting(Group::name).containsExactly("all", "read", "sales");
    }
}
