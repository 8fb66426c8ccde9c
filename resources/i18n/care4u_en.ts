<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ConfirmationPage</name>
    <message numerus="yes">
        <source>For your privacy this screen closes in %n second(s).</source>
        <translation>
            <numerusform>For your privacy this screen closes in %n second.</numerusform>
            <numerusform>For your privacy this screen closes in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DomainMessages</name>
    <message numerus="yes">
        <source>Your password needs at least %n character(s).</source>
        <translation>
            <numerusform>Your password needs at least %n character.</numerusform>
            <numerusform>Your password needs at least %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Appointments can be booked up to %n day(s) ahead.</source>
        <translation>
            <numerusform>Appointments can be booked up to %n day ahead.</numerusform>
            <numerusform>Appointments can be booked up to %n days ahead.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IdlePrompt</name>
    <message numerus="yes">
        <source>For your privacy, you will be logged out in %n second(s) and everything on the screen will be cleared.</source>
        <translation>
            <numerusform>For your privacy, you will be logged out in %n second and everything on the screen will be cleared.</numerusform>
            <numerusform>For your privacy, you will be logged out in %n seconds and everything on the screen will be cleared.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KioskExitView</name>
    <message numerus="yes">
        <source>Please wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Please wait %n second before trying again.</numerusform>
            <numerusform>Please wait %n seconds before trying again.</numerusform>
        </translation>
    </message>
</context>
</TS>
