<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AppointmentTableModel</name>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>Médico</translation>
    </message>
    <message>
        <source>Specialization</source>
        <translation>Especialidad</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
</context>
<context>
    <name>AppointmentsView</name>
    <message>
        <source>My appointments</source>
        <extracomment>The least height of a row (a touch target); rows grow to their (wrapped) text. The room this screen&apos;s banner keeps: its usual message (a cancel went through), not the store&apos;s longer failure one, which grows it over the list (the buttons under it stay put). The fields (when, doctor over specialization, -, status, number) per shown column, as many columns as the width holds: the number under the status (rows no taller than the doctor&apos;s two lines), the status under the time, then the number under the doctor, then all in one.</extracomment>
        <translation>Mis citas</translation>
    </message>
    <message>
        <source>← Back to doctors</source>
        <translation>← Volver a los médicos</translation>
    </message>
    <message>
        <source>Go back to the list of doctors</source>
        <translation>Volver a la lista de médicos</translation>
    </message>
    <message>
        <source>Back to doctors</source>
        <translation>Volver a los médicos</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <source>Log out and clear the screen for the next person</source>
        <translation>Cerrar sesión y borrar la pantalla para la siguiente persona</translation>
    </message>
    <message>
        <source>Upcoming appointments first, then past and cancelled ones</source>
        <translation>Primero las próximas citas, después las pasadas y las canceladas</translation>
    </message>
    <message>
        <source>You have no appointments yet.</source>
        <translation>Todavía no tiene citas.</translation>
    </message>
    <message>
        <source>Cancel selected appointment</source>
        <translation>Cancelar la cita elegida</translation>
    </message>
    <message>
        <source>Choose an upcoming appointment in the list, then press this to cancel it</source>
        <translation>Elija una próxima cita en la lista y pulse aquí para cancelarla</translation>
    </message>
    <message>
        <source>Yes, cancel it</source>
        <translation>Sí, cancelarla</translation>
    </message>
    <message>
        <source>Cancel the appointment; the time becomes free for others</source>
        <translation>Cancelar la cita; la hora queda libre para otras personas</translation>
    </message>
    <message>
        <source>No, keep it</source>
        <translation>No, mantenerla</translation>
    </message>
    <message>
        <source>Keep the appointment</source>
        <translation>Mantener la cita</translation>
    </message>
    <message>
        <source>Cancel your appointment with %1 on %2?</source>
        <translation>¿Cancelar su cita con %1 el %2?</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Appointment %1 is cancelled. The time is free again.</source>
        <translation>La cita %1 está cancelada. La hora vuelve a estar libre.</translation>
    </message>
</context>
<context>
    <name>BookingView</name>
    <message>
        <source>← Back to doctors</source>
        <extracomment>The narrowest column the times get beside the calendar (normal text; scaled with it). The confirmation page is on screen (kiosk mode times it out from here). After a conflict the focus goes to the first free time once the times are back.</extracomment>
        <translation>← Volver a los médicos</translation>
    </message>
    <message>
        <source>Go back to the list of doctors without booking</source>
        <translation>Volver a la lista de médicos sin reservar</translation>
    </message>
    <message>
        <source>Back to doctors</source>
        <translation>Volver a los médicos</translation>
    </message>
    <message>
        <source>Confirm booking</source>
        <translation>Confirmar la cita</translation>
    </message>
    <message>
        <source>Book the chosen day and time</source>
        <translation>Reservar el día y la hora elegidos</translation>
    </message>
    <message>
        <source>No appointments on this day.</source>
        <translation>No hay citas este día.</translation>
    </message>
    <message>
        <source>Every time on this day is taken. Please choose another day.</source>
        <translation>Todas las horas de este día están ocupadas. Elija otro día, por favor.</translation>
    </message>
    <message>
        <source>%1: choose a time.</source>
        <translation>%1: elija una hora.</translation>
    </message>
    <message>
        <source>Choose a day, then a time.</source>
        <translation>Elija un día y después una hora.</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>Reservando…</translation>
    </message>
</context>
<context>
    <name>ConfirmationPage</name>
    <message>
        <source>Your appointment is booked</source>
        <extracomment>The least readable widths (normal text) of the details and of the slip&apos;s buttons. Where the slip went (a printer&apos;s name or a file), once it has gone. The print button&apos;s own words while a kiosk print is under way.</extracomment>
        <translation>Su cita está reservada</translation>
    </message>
    <message>
        <source>Your appointment number</source>
        <translation>Su número de cita</translation>
    </message>
    <message>
        <source>Print slip</source>
        <translation>Imprimir comprobante</translation>
    </message>
    <message>
        <source>Print a slip with your appointment number and a code reception can scan</source>
        <translation>Imprimir un comprobante con su número de cita y un código que recepción puede escanear</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Guardar como PDF</translation>
    </message>
    <message>
        <source>Save the appointment slip as a PDF file</source>
        <translation>Guardar el comprobante de la cita como archivo PDF</translation>
    </message>
    <message>
        <source>My appointments</source>
        <translation>Mis citas</translation>
    </message>
    <message>
        <source>See all your appointments</source>
        <translation>Ver todas sus citas</translation>
    </message>
    <message>
        <source>Finish and log out</source>
        <translation>Terminar y cerrar sesión</translation>
    </message>
    <message>
        <source>Log out and clear the screen for the next person</source>
        <translation>Cerrar sesión y borrar la pantalla para la siguiente persona</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Go back to the list of doctors</source>
        <translation>Volver a la lista de médicos</translation>
    </message>
    <message>
        <source>Appointment number %1</source>
        <translation>Número de cita %1</translation>
    </message>
    <message>
        <source>A confirmation is on its way to %1. Please arrive 10 minutes early and give this number at reception.</source>
        <translation>Le enviamos una confirmación a %1. Llegue 10 minutos antes, por favor, y dé este número en recepción.</translation>
    </message>
    <message numerus="yes">
        <source>For your privacy this screen closes in %n second(s).</source>
        <translation>
            <numerusform>Por su privacidad, esta pantalla se cierra en %n segundo.</numerusform>
            <numerusform>Por su privacidad, esta pantalla se cierra en %n segundos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the printer…</source>
        <translation>Comprobando la impresora…</translation>
    </message>
    <message>
        <source>The printer is not ready. Please write down your number or ask at reception.</source>
        <translation>La impresora no está lista. Anote su número o pregunte en recepción, por favor.</translation>
    </message>
    <message>
        <source>Printing your slip…</source>
        <translation>Imprimiendo su comprobante…</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Imprimiendo…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Your slip is printing. Please take it from the printer.</source>
        <translation>Su comprobante se está imprimiendo. Recójalo en la impresora, por favor.</translation>
    </message>
    <message>
        <source>Slip saved to %1</source>
        <translation>Comprobante guardado en %1</translation>
    </message>
</context>
<context>
    <name>DayPane</name>
    <message>
        <source>The doctor&apos;s day</source>
        <translation>La agenda del médico</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>Médico</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Ha llegado</translation>
    </message>
    <message>
        <source>The patient has arrived</source>
        <translation>Marcar que el paciente ha llegado</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No asistió</translation>
    </message>
    <message>
        <source>The patient did not come</source>
        <translation>El paciente no ha venido</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Cancel the selected appointment</source>
        <translation>Cancelar la cita seleccionada</translation>
    </message>
</context>
<context>
    <name>DayPicker</name>
    <message>
        <source>Appointment date</source>
        <extracomment>Weeks shown in each form, largest first. The week&apos;s range and arrows left of the days, not above them.</extracomment>
        <translation>Fecha de la cita</translation>
    </message>
    <message>
        <source>Choose a day; days that cannot be booked are dimmed</source>
        <translation>Elija un día; los días que no se pueden reservar aparecen atenuados</translation>
    </message>
    <message>
        <source>Show the times of this day</source>
        <translation>Ver las horas de este día</translation>
    </message>
    <message>
        <source>This day cannot be booked</source>
        <translation>Este día no se puede reservar</translation>
    </message>
    <message>
        <source>times free</source>
        <translation>horas libres</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>cerrado</translation>
    </message>
    <message>
        <source>the doctor&apos;s day off</source>
        <translation>día libre del médico</translation>
    </message>
    <message>
        <source>past</source>
        <translation>pasado</translation>
    </message>
    <message>
        <source>not open for booking yet</source>
        <translation>aún no se puede reservar</translation>
    </message>
    <message>
        <source>fully booked</source>
        <translation>completo</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1, chosen</source>
        <translation>%1, elegido</translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <comment>QLocale date format: the month shown</comment>
        <translation>MMMM &apos;de&apos; yyyy</translation>
    </message>
    <message>
        <source>Previous month</source>
        <translation>Mes anterior</translation>
    </message>
    <message>
        <source>Next month</source>
        <translation>Mes siguiente</translation>
    </message>
    <message>
        <source>d MMM</source>
        <comment>QLocale date format: a day in a range</comment>
        <translation>d MMM</translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <comment>QLocale date format: the last day of a range</comment>
        <translation>d MMM yyyy</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Previous week</source>
        <translation>Semana anterior</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>Semana siguiente</translation>
    </message>
    <message>
        <source>Previous two weeks</source>
        <translation>Dos semanas anteriores</translation>
    </message>
    <message>
        <source>Next two weeks</source>
        <translation>Dos semanas siguientes</translation>
    </message>
    <message>
        <source>Show earlier days</source>
        <translation>Ver días anteriores</translation>
    </message>
    <message>
        <source>Show later days</source>
        <translation>Ver días posteriores</translation>
    </message>
</context>
<context>
    <name>DisplayChoices</name>
    <message>
        <source>Text size</source>
        <translation>Tamaño del texto</translation>
    </message>
    <message>
        <source>Normal text size</source>
        <translation>Texto de tamaño normal</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>Texto grande</translation>
    </message>
    <message>
        <source>Extra large text</source>
        <translation>Texto muy grande</translation>
    </message>
    <message>
        <source>Show all text at this size. The kiosk remembers it.</source>
        <translation>Mostrar todo el texto con este tamaño. El quiosco lo recordará.</translation>
    </message>
    <message>
        <source>Contrast</source>
        <translation>Contraste</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <source>Yellow and white on black, for easier reading. The kiosk remembers it.</source>
        <translation>Amarillo y blanco sobre negro, para leer mejor. El quiosco lo recordará.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The language of every screen, until you log out.</source>
        <translation>El idioma de todas las pantallas, hasta que cierre la sesión.</translation>
    </message>
</context>
<context>
    <name>DoctorAdminView</name>
    <message>
        <source>Doctors</source>
        <extracomment>More than the page&apos;s margins and the columns&apos; spacing take: the working days&apos; width is under-estimated, so their height is never.</extracomment>
        <translation>Médicos</translation>
    </message>
    <message>
        <source>← Reception desk</source>
        <translation>← Recepción</translation>
    </message>
    <message>
        <source>Back to the desk</source>
        <translation>Volver a la recepción</translation>
    </message>
    <message>
        <source>New doctor</source>
        <translation>Nuevo médico</translation>
    </message>
    <message>
        <source>Start a new doctor record</source>
        <translation>Empezar la ficha de un médico nuevo</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>The doctor&apos;s name, without Dr.</source>
        <translation>El nombre del médico, sin «Dr.»</translation>
    </message>
    <message>
        <source>Specialization</source>
        <translation>Especialidad</translation>
    </message>
    <message>
        <source>e.g. Cardiology</source>
        <translation>p. ej., Cardiología</translation>
    </message>
    <message>
        <source>Appointment times</source>
        <translation>Horas de consulta</translation>
    </message>
    <message>
        <source>Times as HH:MM, separated by commas</source>
        <translation>Horas como HH:MM, separadas por comas</translation>
    </message>
    <message>
        <source>Working days (none ticked: every day)</source>
        <translation>Días de consulta (sin marcar ninguno: todos los días)</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>Lun</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Mar</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Mié</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Jue</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Vie</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Sáb</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>Dom</translation>
    </message>
    <message>
        <source>Days off</source>
        <translation>Días de ausencia</translation>
    </message>
    <message>
        <source>Dates as YYYY-MM-DD, separated by commas</source>
        <translation>Fechas como AAAA-MM-DD, separadas por comas</translation>
    </message>
    <message>
        <source>Save doctor</source>
        <translation>Guardar médico</translation>
    </message>
    <message>
        <source>Save the details above</source>
        <translation>Guardar los datos de arriba</translation>
    </message>
    <message>
        <source>%1 is saved.</source>
        <translation>Se han guardado los datos de %1.</translation>
    </message>
</context>
<context>
    <name>DoctorDayModel</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Past</source>
        <translation>Pasada</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Cerrada</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Libre</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>Reservada</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Registrada</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No asistió</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>doctor away: call the patient</source>
        <translation>médico ausente: llame al paciente</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>DoctorTableModel</name>
    <message>
        <source>Doctor</source>
        <extracomment>The row&apos;s key (doctor_id or appointment_id) for code and tests. Which of a row&apos;s fields each shown column holds, one under the other (``table_fit``).</extracomment>
        <translation>Médico</translation>
    </message>
    <message>
        <source>Specialization</source>
        <translation>Especialidad</translation>
    </message>
    <message>
        <source>Next free time</source>
        <translation>Próxima hora libre</translation>
    </message>
</context>
<context>
    <name>DoctorsView</name>
    <message>
        <source>My appointments</source>
        <extracomment>The least height of a row (a touch target); rows grow to their (wrapped) text. Narrow enough that the search and the filter share a row at the largest text on a 1024-wide screen (the search then shows its short hint). The room a line edit keeps around its text: padding, border and the clear button. The doctor&apos;s fields per shown column: three columns, the specialization under the name, all three one under the other (a narrow portrait kiosk, the largest text). Below this window height (at normal text; it grows with the text) the line under the greeting goes, so the list keeps rows to choose from; the Book button says the same.</extracomment>
        <translation>Mis citas</translation>
    </message>
    <message>
        <source>See and cancel your appointments</source>
        <translation>Ver y cancelar sus citas</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <source>Log out and clear the screen for the next person</source>
        <translation>Cerrar sesión y borrar la pantalla para la siguiente persona</translation>
    </message>
    <message>
        <source>Choose a doctor, then press Book.</source>
        <translation>Elija un médico y pulse Reservar.</translation>
    </message>
    <message>
        <source>Search by doctor or specialization</source>
        <translation>Buscar por médico o especialidad</translation>
    </message>
    <message>
        <source>Search doctors</source>
        <translation>Buscar médicos</translation>
    </message>
    <message>
        <source>Type part of a doctor&apos;s name or a specialization to narrow the list</source>
        <translation>Escriba parte del nombre de un médico o una especialidad para acotar la lista</translation>
    </message>
    <message>
        <source>All specializations</source>
        <translation>Todas las especialidades</translation>
    </message>
    <message>
        <source>Specialization</source>
        <translation>Especialidad</translation>
    </message>
    <message>
        <source>Show the doctors of one specialization</source>
        <translation>Mostrar los médicos de una especialidad</translation>
    </message>
    <message>
        <source>Doctors</source>
        <translation>Médicos</translation>
    </message>
    <message>
        <source>Doctors with their specialization and next free time; choose one</source>
        <translation>Médicos con su especialidad y su próxima hora libre; elija uno</translation>
    </message>
    <message>
        <source>Hello, %1</source>
        <translation>Hola, %1</translation>
    </message>
    <message>
        <source>No doctor matches your search. Try another word.</source>
        <translation>Ningún médico coincide con su búsqueda. Pruebe con otra palabra.</translation>
    </message>
    <message>
        <source>Choose a doctor to book</source>
        <translation>Elija un médico para reservar</translation>
    </message>
    <message>
        <source>Choose a doctor in the list first</source>
        <translation>Primero elija un médico en la lista</translation>
    </message>
    <message>
        <source>Book with %1</source>
        <translation>Reservar con %1</translation>
    </message>
    <message>
        <source>Pick a day and a time with this doctor</source>
        <translation>Elegir un día y una hora con este médico</translation>
    </message>
</context>
<context>
    <name>DomainMessages</name>
    <message>
        <source>Something went wrong. Please try again.</source>
        <translation>Algo salió mal. Inténtelo de nuevo, por favor.</translation>
    </message>
    <message>
        <source>That email is already registered. Log in instead?</source>
        <translation>Ese correo ya está registrado. ¿Quiere iniciar sesión?</translation>
    </message>
    <message>
        <source>This time slot has just been booked. Please choose another.</source>
        <translation>Alguien acaba de reservar esta hora. Elija otra, por favor.</translation>
    </message>
    <message>
        <source>You already have an appointment at that time. Please choose another time.</source>
        <translation>Ya tiene una cita a esa hora. Elija otra hora, por favor.</translation>
    </message>
    <message>
        <source>This appointment has already been cancelled.</source>
        <translation>Esta cita ya estaba cancelada.</translation>
    </message>
    <message>
        <source>This appointment can no longer be changed.</source>
        <translation>Esta cita ya no se puede cambiar.</translation>
    </message>
    <message>
        <source>That time cannot be booked. Please choose another.</source>
        <translation>Esa hora no se puede reservar. Elija otra, por favor.</translation>
    </message>
    <message>
        <source>That email and password do not match. Please try again.</source>
        <translation>El correo y la contraseña no coinciden. Inténtelo de nuevo, por favor.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Please wait 15 minutes or ask at reception.</source>
        <translation>Demasiados intentos fallidos. Espere 15 minutos o pregunte en recepción, por favor.</translation>
    </message>
    <message>
        <source>Please wait a moment before trying again.</source>
        <translation>Espere un momento antes de volver a intentarlo, por favor.</translation>
    </message>
    <message>
        <source>We could not find that. Please go back and try again.</source>
        <translation>No lo encontramos. Vuelva atrás e inténtelo de nuevo, por favor.</translation>
    </message>
    <message>
        <source>That doctor is no longer listed. Please choose another.</source>
        <translation>Ese médico ya no figura en la lista. Elija otro, por favor.</translation>
    </message>
    <message>
        <source>We could not find that appointment.</source>
        <translation>No encontramos esa cita.</translation>
    </message>
    <message>
        <source>No account uses that email.</source>
        <translation>Ninguna cuenta usa ese correo.</translation>
    </message>
    <message>
        <source>You are not allowed to do that.</source>
        <translation>No tiene permiso para hacer eso.</translation>
    </message>
    <message>
        <source>The booking system is not responding right now. Please try again in a moment or ask at reception.</source>
        <translation>El sistema de citas no responde en este momento. Inténtelo de nuevo en un momento o pregunte en recepción, por favor.</translation>
    </message>
    <message>
        <source>The booking system is not responding right now. Your appointment was not booked. Please try again in a moment or ask at reception.</source>
        <translation>El sistema de citas no responde en este momento. Su cita no se ha reservado. Inténtelo de nuevo en un momento o pregunte en recepción, por favor.</translation>
    </message>
    <message>
        <source>The booking system is not responding right now. Your appointment was not cancelled and is still booked. Please try again in a moment or ask at reception.</source>
        <translation>El sistema de citas no responde en este momento. Su cita no se ha cancelado y sigue reservada. Inténtelo de nuevo en un momento o pregunte en recepción, por favor.</translation>
    </message>
    <message>
        <source>The booking system is not responding right now. Your account was not created. Please try again in a moment or ask at reception.</source>
        <translation>El sistema de citas no responde en este momento. Su cuenta no se ha creado. Inténtelo de nuevo en un momento o pregunte en recepción, por favor.</translation>
    </message>
    <message>
        <source>We could not confirm your booking. Please check My appointments or ask at reception.</source>
        <translation>No pudimos confirmar su reserva. Consulte Mis citas o pregunte en recepción, por favor.</translation>
    </message>
    <message>
        <source>We could not confirm that your appointment was cancelled. Please check My appointments or ask at reception.</source>
        <translation>No pudimos confirmar que su cita se haya cancelado. Consulte Mis citas o pregunte en recepción, por favor.</translation>
    </message>
    <message>
        <source>We could not confirm that your account was created. Please try to log in in a moment or ask at reception.</source>
        <translation>No pudimos confirmar que su cuenta se haya creado. Intente iniciar sesión dentro de un momento o pregunte en recepción, por favor.</translation>
    </message>
    <message>
        <source>A checked-in or missed appointment cannot be cancelled.</source>
        <translation>Una cita ya registrada o perdida no se puede cancelar.</translation>
    </message>
    <message>
        <source>The slip could not be printed. Your appointment is still booked.</source>
        <translation>No se pudo imprimir el comprobante. Su cita sigue reservada.</translation>
    </message>
    <message>
        <source>Please enter your email address.</source>
        <translation>Escriba su correo electrónico, por favor.</translation>
    </message>
    <message>
        <source>That does not look like an email address (for example name@example.com).</source>
        <translation>Eso no parece un correo electrónico (por ejemplo nombre@ejemplo.com).</translation>
    </message>
    <message>
        <source>Please enter your full name.</source>
        <translation>Escriba su nombre completo, por favor.</translation>
    </message>
    <message>
        <source>Please enter your name using letters only.</source>
        <translation>Escriba su nombre solo con letras, por favor.</translation>
    </message>
    <message>
        <source>Your name contains a hidden character. Please type it again.</source>
        <translation>Su nombre contiene un carácter oculto. Escríbalo de nuevo, por favor.</translation>
    </message>
    <message>
        <source>That email contains a hidden character. Please type it again.</source>
        <translation>Ese correo contiene un carácter oculto. Escríbalo de nuevo, por favor.</translation>
    </message>
    <message>
        <source>Please enter a phone number.</source>
        <translation>Escriba un número de teléfono, por favor.</translation>
    </message>
    <message>
        <source>A phone number has digits only, like 555 123 4567.</source>
        <translation>Un número de teléfono lleva solo cifras, como 555 123 4567.</translation>
    </message>
    <message>
        <source>A phone number has 7 to 15 digits.</source>
        <translation>Un número de teléfono tiene de 7 a 15 cifras.</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Las dos contraseñas no son iguales.</translation>
    </message>
    <message>
        <source>A time is written HH:MM, for example 09:30.</source>
        <translation>Una hora se escribe HH:MM, por ejemplo 09:30.</translation>
    </message>
    <message>
        <source>A date is written YYYY-MM-DD, for example 2026-01-15.</source>
        <translation>Una fecha se escribe AAAA-MM-DD, por ejemplo 2026-01-15.</translation>
    </message>
    <message>
        <source>A doctor record is missing &apos;%1&apos;.</source>
        <translation>A la ficha de un médico le falta «%1».</translation>
    </message>
    <message>
        <source>A doctor record has a malformed slot or working day.</source>
        <translation>La ficha de un médico tiene una hora o un día de consulta mal escritos.</translation>
    </message>
    <message>
        <source>A doctor needs an id, a name and a specialization.</source>
        <translation>Un médico necesita un identificador, un nombre y una especialidad.</translation>
    </message>
    <message>
        <source>Working days are numbered 1 (Monday) to 7 (Sunday).</source>
        <translation>Los días de consulta se numeran del 1 (lunes) al 7 (domingo).</translation>
    </message>
    <message>
        <source>A doctor needs at least one appointment time.</source>
        <translation>Un médico necesita al menos una hora de consulta.</translation>
    </message>
    <message>
        <source>Staff can mark an appointment checked in or no-show.</source>
        <translation>El personal puede marcar una cita como registrada o como no asistida.</translation>
    </message>
    <message>
        <source>A patient can only be checked in on the day.</source>
        <translation>La llegada de un paciente solo se puede registrar el mismo día de la cita.</translation>
    </message>
    <message>
        <source>That day has passed.</source>
        <translation>Ese día ya pasó.</translation>
    </message>
    <message>
        <source>That time has already passed. Please choose a later one.</source>
        <translation>Esa hora ya pasó. Elija una más tarde, por favor.</translation>
    </message>
    <message>
        <source>A patient can be marked as a no-show only from the appointment&apos;s start time (%1).</source>
        <translation>Solo se puede marcar que un paciente no asistió a partir de la hora de la cita (%1).</translation>
    </message>
    <message>
        <source>That patient is no longer registered.</source>
        <translation>Ese paciente ya no está registrado.</translation>
    </message>
    <message>
        <source>This is for reception staff only.</source>
        <translation>Esto es solo para el personal de recepción.</translation>
    </message>
    <message>
        <source>Only an administrator can change the doctor list.</source>
        <translation>Solo un administrador puede cambiar la lista de médicos.</translation>
    </message>
    <message>
        <source>This can only be done at a reception desk.</source>
        <translation>Esto solo se puede hacer en un mostrador de recepción.</translation>
    </message>
    <message>
        <source>This machine could not sign in to the booking system. Please ask at reception.</source>
        <translation>Este equipo no pudo conectarse al sistema de citas. Por favor, pregunte en recepción.</translation>
    </message>
    <message>
        <source>This machine is not enrolled with the booking system. Please ask at reception.</source>
        <translation>Este equipo no está dado de alta en el sistema de citas. Por favor, pregunte en recepción.</translation>
    </message>
    <message>
        <source>Your session has ended. Please log in again.</source>
        <translation>Su sesión ha terminado. Por favor, inicie sesión de nuevo.</translation>
    </message>
    <message>
        <source>No device has that id.</source>
        <translation>Ningún dispositivo tiene ese identificador.</translation>
    </message>
    <message>
        <source>Cannot use the data directory %1: %2.</source>
        <translation>No se puede usar la carpeta de datos %1: %2.</translation>
    </message>
    <message>
        <source>This data file was written by a newer Care4U (schema %1); please upgrade.</source>
        <translation>Este archivo de datos lo escribió una versión más reciente de Care4U (esquema %1); actualice la aplicación, por favor.</translation>
    </message>
    <message numerus="yes">
        <source>Your password needs at least %n character(s).</source>
        <translation>
            <numerusform>Su contraseña necesita al menos %n carácter.</numerusform>
            <numerusform>Su contraseña necesita al menos %n caracteres.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Appointments can be booked up to %n day(s) ahead.</source>
        <translation>
            <numerusform>Las citas se pueden reservar con hasta %n día de antelación.</numerusform>
            <numerusform>Las citas se pueden reservar con hasta %n días de antelación.</numerusform>
        </translation>
    </message>
    <message>
        <source>on Mondays</source>
        <translation>los lunes</translation>
    </message>
    <message>
        <source>on Tuesdays</source>
        <translation>los martes</translation>
    </message>
    <message>
        <source>on Wednesdays</source>
        <translation>los miércoles</translation>
    </message>
    <message>
        <source>on Thursdays</source>
        <translation>los jueves</translation>
    </message>
    <message>
        <source>on Fridays</source>
        <translation>los viernes</translation>
    </message>
    <message>
        <source>on Saturdays</source>
        <translation>los sábados</translation>
    </message>
    <message>
        <source>on Sundays</source>
        <translation>los domingos</translation>
    </message>
    <message>
        <source>%1 is away on that day. Please choose another day.</source>
        <translation>%1 no está ese día. Elija otro día, por favor.</translation>
    </message>
    <message>
        <source>%1 does not see patients %2.</source>
        <translation>%1 no atiende pacientes %2.</translation>
    </message>
    <message>
        <source>%1 has no appointment at %2. Please choose another.</source>
        <translation>%1 no tiene citas a las %2. Elija otra hora, por favor.</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>Dr. %1</source>
        <translation>Dr. %1</translation>
    </message>
    <message>
        <source>dddd d MMMM yyyy</source>
        <comment>QLocale date format</comment>
        <translation>dddd, d &apos;de&apos; MMMM &apos;de&apos; yyyy</translation>
    </message>
    <message>
        <source>ddd d MMM</source>
        <comment>QLocale date format</comment>
        <translation>ddd d MMM</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 a las %2</translation>
    </message>
    <message>
        <source>No free time soon</source>
        <translation>Sin horas libres próximamente</translation>
    </message>
    <message>
        <source>Today %1</source>
        <translation>Hoy %1</translation>
    </message>
    <message>
        <source>Tomorrow %1</source>
        <translation>Mañana %1</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1 %2
%3</source>
        <comment>date, year, then the time</comment>
        <translation>%1 %2
%3</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Registrada</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>No asistió</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Próxima</translation>
    </message>
    <message>
        <source>Past</source>
        <translation>Pasada</translation>
    </message>
</context>
<context>
    <name>IdlePrompt</name>
    <message>
        <source>Are you still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>Sigo aquí</translation>
    </message>
    <message>
        <source>Keep going where you were</source>
        <translation>Continuar donde estaba</translation>
    </message>
    <message>
        <source>Log out now</source>
        <translation>Cerrar sesión ahora</translation>
    </message>
    <message>
        <source>Log out and clear the screen for the next person</source>
        <translation>Cerrar sesión y borrar la pantalla para la siguiente persona</translation>
    </message>
    <message numerus="yes">
        <source>For your privacy, you will be logged out in %n second(s) and everything on the screen will be cleared.</source>
        <translation>
            <numerusform>Por su privacidad, su sesión se cerrará en %n segundo y se borrará todo lo que hay en la pantalla.</numerusform>
            <numerusform>Por su privacidad, su sesión se cerrará en %n segundos y se borrará todo lo que hay en la pantalla.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KioskExitView</name>
    <message>
        <source>Close the kiosk</source>
        <extracomment>The card&apos;s widest readable width (normal text), and with the two fields side by side. A staff member confirmed; the window may now close.</extracomment>
        <translation>Cerrar el quiosco</translation>
    </message>
    <message>
        <source>For staff only. Log in with a staff account to close.</source>
        <translation>Solo para el personal. Inicie sesión con una cuenta del personal para cerrar.</translation>
    </message>
    <message>
        <source>Staff email</source>
        <translation>Correo del personal</translation>
    </message>
    <message>
        <source>The email of a staff account</source>
        <translation>El correo de una cuenta del personal</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>The staff account&apos;s password</source>
        <translation>La contraseña de la cuenta del personal</translation>
    </message>
    <message>
        <source>Check the staff log-in and close the application</source>
        <translation>Comprobar el acceso del personal y cerrar la aplicación</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>Go back to the log-in screen and keep the kiosk running</source>
        <translation>Volver a la pantalla de acceso y dejar el quiosco en marcha</translation>
    </message>
    <message>
        <source>Please enter a staff email and password.</source>
        <translation>Escriba el correo y la contraseña del personal, por favor.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>Only staff can close the kiosk.</source>
        <translation>Solo el personal puede cerrar el quiosco.</translation>
    </message>
    <message numerus="yes">
        <source>Please wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Espere %n segundo antes de volver a intentarlo.</numerusform>
            <numerusform>Espere %n segundos antes de volver a intentarlo.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginView</name>
    <message>
        <source>Welcome to Care4U</source>
        <extracomment>(choices above the form, fields side by side, choices in one strip), roomiest first. One field under the other; or, where the height runs out, side by side with &quot;Create an account&quot; beside &quot;Log in&quot; (``_fit``).</extracomment>
        <translation>Bienvenido a Care4U</translation>
    </message>
    <message>
        <source>Log in to book an appointment or see your bookings.</source>
        <translation>Inicie sesión para pedir una cita o ver sus reservas.</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>The email address you signed up with</source>
        <translation>El correo electrónico con el que se registró</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>nombre@ejemplo.com</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Your password; it stays hidden</source>
        <translation>Su contraseña; no se muestra</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>Log in with the email and password above</source>
        <translation>Iniciar sesión con el correo y la contraseña de arriba</translation>
    </message>
    <message>
        <source>New here?</source>
        <translation>¿Es nuevo aquí?</translation>
    </message>
    <message>
        <source>Create an account</source>
        <translation>Crear una cuenta</translation>
    </message>
    <message>
        <source>Sign up with your name, email, phone and a password</source>
        <translation>Regístrese con su nombre, correo, teléfono y una contraseña</translation>
    </message>
    <message>
        <source>Please enter your email address.</source>
        <translation>Escriba su correo electrónico, por favor.</translation>
    </message>
    <message>
        <source>Please enter your password.</source>
        <translation>Escriba su contraseña, por favor.</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Iniciando sesión…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Staff</source>
        <extracomment>``check_store`` found the store answering, with this many doctors. ``check_store`` could not use the store; the message is on the log-in screen too. A log-out has wiped every view, the fields&apos; histories and the clipboard; anything else that holds a person&apos;s data (a queued print job, say) lets go of it here too. Closing is refused in kiosk mode until a staff log-in allows it. The reception desk&apos;s views: the desk on the first staff log-in, the editor when an admin first opens it. The views built so far, in the order they were built.</extracomment>
        <translation>Personal</translation>
    </message>
    <message>
        <source>For staff: close the kiosk with a staff log-in</source>
        <translation>Para el personal: cerrar el quiosco con un acceso del personal</translation>
    </message>
    <message>
        <source>Welcome, %1. Your account is ready.</source>
        <translation>Bienvenido, %1. Su cuenta está lista.</translation>
    </message>
    <message>
        <source>To receive booking emails, open the message we just sent to %1 and confirm it once.</source>
        <translation>Para recibir los correos de sus citas, abra el mensaje que acabamos de enviar a %1 y confírmelo una vez.</translation>
    </message>
</context>
<context>
    <name>PasswordToggle</name>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>Hide password</source>
        <translation>Ocultar contraseña</translation>
    </message>
    <message>
        <source>Hide the password again</source>
        <translation>Volver a ocultar la contraseña</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Show password</source>
        <translation>Mostrar contraseña</translation>
    </message>
    <message>
        <source>Show the password as typed, to check it</source>
        <translation>Mostrar la contraseña tal como se escribió, para comprobarla</translation>
    </message>
</context>
<context>
    <name>PatientModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Email and phone</source>
        <translation>Correo y teléfono</translation>
    </message>
</context>
<context>
    <name>PatientPane</name>
    <message>
        <source>The patient at the desk</source>
        <translation>El paciente del mostrador</translation>
    </message>
    <message>
        <source>Email or phone number</source>
        <translation>Correo o teléfono</translation>
    </message>
    <message>
        <source>Find a patient by email or phone</source>
        <translation>Buscar un paciente por correo o teléfono</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Search for the patient</source>
        <translation>Buscar al paciente</translation>
    </message>
    <message>
        <source>Patients found</source>
        <translation>Pacientes encontrados</translation>
    </message>
    <message>
        <source>Book for this patient</source>
        <translation>Reservar para este paciente</translation>
    </message>
    <message>
        <source>Book the free time selected in the day for the patient selected above</source>
        <translation>Reservar la hora libre seleccionada en la agenda para el paciente seleccionado arriba</translation>
    </message>
    <message>
        <source>New patient</source>
        <translation>Paciente nuevo</translation>
    </message>
    <message>
        <source>Register a walk-in patient</source>
        <translation>Registrar a un paciente sin cita</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nombre completo</translation>
    </message>
    <message>
        <source>The patient&apos;s full name</source>
        <translation>El nombre completo del paciente</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>The patient&apos;s email</source>
        <translation>El correo electrónico del paciente</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>The patient&apos;s phone number</source>
        <translation>El número de teléfono del paciente</translation>
    </message>
    <message>
        <source>Register walk-in</source>
        <translation>Registrar paciente</translation>
    </message>
    <message>
        <source>Create an account for the patient at the desk</source>
        <translation>Crear una cuenta para el paciente del mostrador</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>Back to finding a patient</source>
        <translation>Volver a buscar un paciente</translation>
    </message>
</context>
<context>
    <name>SignupView</name>
    <message>
        <source>Create your account (%1 of 2)</source>
        <extracomment>The fields&apos; places, as many columns as the room allows: one under the other (a narrow window), two columns, three (a short one). Rows of (name, email, phone, password, confirm). The fields of each step, where the form comes in two (``split``). The checks &quot;Next&quot; makes on the first step&apos;s fields: the service&apos;s own rules. In two steps (too little room for the whole form), and the step shown (1 or 2).</extracomment>
        <translation>Cree su cuenta (%1 de 2)</translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation>Cree su cuenta</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nombre completo</translation>
    </message>
    <message>
        <source>Your first and last name</source>
        <translation>Su nombre y apellidos</translation>
    </message>
    <message>
        <source>e.g. Maria Garcia</source>
        <translation>p. ej. María García</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Where we send your booking confirmations</source>
        <translation>Donde le enviamos las confirmaciones de sus citas</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>nombre@ejemplo.com</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>A number we can call you on</source>
        <translation>Un número en el que podamos llamarle</translation>
    </message>
    <message>
        <source>e.g. 555 123 4567</source>
        <translation>p. ej. 555 123 4567</translation>
    </message>
    <message>
        <source>Password (8+ characters)</source>
        <translation>Contraseña (8 caracteres o más)</translation>
    </message>
    <message>
        <source>Choose a password of 8 characters or more</source>
        <translation>Elija una contraseña de 8 caracteres o más</translation>
    </message>
    <message>
        <source>Type the password again</source>
        <translation>Repita la contraseña</translation>
    </message>
    <message>
        <source>The same password, to be sure</source>
        <translation>La misma contraseña, para asegurarnos</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Check your name, email and phone, then choose a password</source>
        <translation>Compruebe su nombre, correo y teléfono; después elija una contraseña</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Crear cuenta</translation>
    </message>
    <message>
        <source>Create your account with the details above</source>
        <translation>Crear su cuenta con los datos de arriba</translation>
    </message>
    <message>
        <source>← Your details</source>
        <translation>← Sus datos</translation>
    </message>
    <message>
        <source>Go back to your name, email and phone</source>
        <translation>Volver a su nombre, correo y teléfono</translation>
    </message>
    <message>
        <source>Back to your details</source>
        <translation>Volver a sus datos</translation>
    </message>
    <message>
        <source>Back to log in</source>
        <translation>Volver al acceso</translation>
    </message>
    <message>
        <source>Go back to the log-in screen without creating an account</source>
        <translation>Volver a la pantalla de acceso sin crear una cuenta</translation>
    </message>
    <message>
        <source>Creating account…</source>
        <translation>Creando la cuenta…</translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <source>Appointment slip</source>
        <extracomment>(label, value) lines under the code: patient, doctor, specialization, date, time.</extracomment>
        <translation>Comprobante de cita</translation>
    </message>
    <message>
        <source>Appointment number</source>
        <translation>Número de cita</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>Médico</translation>
    </message>
    <message>
        <source>Specialization</source>
        <translation>Especialidad</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Please arrive 10 minutes early and show this slip at reception.</source>
        <translation>Llegue 10 minutos antes, por favor, y muestre este comprobante en recepción.</translation>
    </message>
    <message>
        <source>Print appointment slip</source>
        <translation>Imprimir el comprobante de la cita</translation>
    </message>
    <message>
        <source>Save appointment slip</source>
        <translation>Guardar el comprobante de la cita</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>SlotPanel</name>
    <message>
        <source>Times</source>
        <translation>Horas</translation>
    </message>
    <message>
        <source>The doctor&apos;s times on this day</source>
        <extracomment>Up to this many times side by side (fewer when they do not fit). The room between rows of one-line (compact) times: they are compact because the height ran out, and the 6 px each gap gives back is what the last row of the busiest day needs on a 768 px screen at the largest text; the times stay well apart (12 px side by side). The chosen time changed (``chosen_time``). One line per time (&quot;11:00&quot;, struck through) instead of &quot;11:00&quot; over &quot;Taken&quot;: where the height runs out (``DayAndTimes`` decides). The name still says it.</extracomment>
        <translation>Las horas del médico en este día</translation>
    </message>
    <message>
        <source>Times on %1</source>
        <translation>Horas del %1</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Ocupada</translation>
    </message>
    <message>
        <source>taken</source>
        <translation>ocupada</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Pasada</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>pasada</translation>
    </message>
    <message>
        <source>%1, %2, %3</source>
        <translation>%1, %2, %3</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1, chosen</source>
        <translation>%1, elegida</translation>
    </message>
    <message>
        <source>Choose this time</source>
        <translation>Elegir esta hora</translation>
    </message>
    <message>
        <source>This time cannot be booked</source>
        <translation>Esta hora no se puede reservar</translation>
    </message>
</context>
<context>
    <name>Specializations</name>
    <message>
        <source>Cardiology</source>
        <extracomment>Specializations are data, but the common ones read better in the patient&apos;s language. One not listed here is shown as stored.</extracomment>
        <translation>Cardiología</translation>
    </message>
    <message>
        <source>Dermatology</source>
        <translation>Dermatología</translation>
    </message>
    <message>
        <source>General Practice</source>
        <translation>Medicina general</translation>
    </message>
    <message>
        <source>Neurology</source>
        <translation>Neurología</translation>
    </message>
    <message>
        <source>Ophthalmology</source>
        <translation>Oftalmología</translation>
    </message>
    <message>
        <source>Orthopedics</source>
        <translation>Traumatología</translation>
    </message>
    <message>
        <source>Pediatrics</source>
        <translation>Pediatría</translation>
    </message>
    <message>
        <source>Gynecology</source>
        <translation>Ginecología</translation>
    </message>
    <message>
        <source>Psychiatry</source>
        <translation>Psiquiatría</translation>
    </message>
    <message>
        <source>Oncology</source>
        <translation>Oncología</translation>
    </message>
    <message>
        <source>Radiology</source>
        <translation>Radiología</translation>
    </message>
    <message>
        <source>Urology</source>
        <translation>Urología</translation>
    </message>
    <message>
        <source>Gastroenterology</source>
        <translation>Gastroenterología</translation>
    </message>
    <message>
        <source>Endocrinology</source>
        <translation>Endocrinología</translation>
    </message>
    <message>
        <source>Ear, Nose and Throat</source>
        <translation>Otorrinolaringología</translation>
    </message>
</context>
<context>
    <name>StaffDeskView</name>
    <message>
        <source>Reception desk</source>
        <extracomment>The desk&apos;s longest message, measured in the current language: the room its banner keeps.</extracomment>
        <translation>Recepción</translation>
    </message>
    <message>
        <source>Show the doctor&apos;s day</source>
        <translation>Mostrar la agenda del médico</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Show the patient at the desk</source>
        <translation>Mostrar el paciente del mostrador</translation>
    </message>
    <message>
        <source>Doctors</source>
        <translation>Médicos</translation>
    </message>
    <message>
        <source>Add and edit doctors</source>
        <translation>Añadir y editar médicos</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <source>Leave the reception desk</source>
        <translation>Salir de la recepción</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>Change nothing</source>
        <translation>No cambiar nada</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>Reception desk · %1</source>
        <translation>Recepción · %1</translation>
    </message>
    <message>
        <source>Next free</source>
        <translation>Próxima libre</translation>
    </message>
    <message>
        <source>The next free time with any %1 doctor</source>
        <translation>La próxima hora libre con cualquier médico de %1</translation>
    </message>
    <message>
        <source>Next free time, %1</source>
        <translation>Próxima hora libre, %1</translation>
    </message>
    <message>
        <source>No %1 doctor has a free time left to book.</source>
        <translation>Ningún médico de %1 tiene horas libres para reservar.</translation>
    </message>
    <message>
        <source>Next free: %1, %2, %3. Press Next free again for the one after.</source>
        <translation>Próxima libre: %1, %2, %3. Pulse Próxima libre otra vez para la siguiente.</translation>
    </message>
    <message>
        <source>Cancel the appointment of %1 at %2 (%3)?</source>
        <translation>¿Cancelar la cita de %1 a las %2 (%3)?</translation>
    </message>
    <message>
        <source>Mark %1 as a no-show for %2 (%3)?</source>
        <translation>¿Marcar que %1 no asistió a la cita de las %2 (%3)?</translation>
    </message>
    <message>
        <source>Appointment %1: %2.</source>
        <translation>Cita %1: %2.</translation>
    </message>
    <message>
        <source>No patient found. Register them as a new patient.</source>
        <translation>No se encontró al paciente. Regístrelo como paciente nuevo.</translation>
    </message>
    <message>
        <source>%1 is registered. Choose a free time and book.</source>
        <translation>%1 ya está registrado. Elija una hora libre y reserve.</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Please wait…</source>
        <extracomment>Emitted in the GUI thread after a task&apos;s callbacks have run. A call of the current session was refused because the session is over (the ``NotAuthenticated`` error): its own ``on_error`` is not called.</extracomment>
        <translation>Espere, por favor…</translation>
    </message>
</context>
</TS>
