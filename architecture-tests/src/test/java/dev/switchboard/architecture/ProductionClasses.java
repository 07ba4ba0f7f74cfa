package dev.switchboard.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Switchboard's production classes (no tests), imported once for all the rule classes of this module. */
final class ProductionClasses {
    private static JavaClasses classes;

    private ProductionClasses() {}

    static synchronized JavaClasses get() {
        if (classes == null) {
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.switchboard");
        }
        return classes;
    }
}
